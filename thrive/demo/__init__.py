"""The demo region: councils named after real local authorities, with people in every role."""
