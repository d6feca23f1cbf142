// A real OpenID Connect provider for the tests: panva's certified `oidc-provider` (npm), started
// by tests/oidc/__init__.py on a free localhost port. Its configuration is JSON in the
// THRIVE_TEST_OIDC environment variable: {port, clients: [...], accounts: {login: {claims}}}.
//
// Sign-in is the package's own development login form (any login; the password is not checked):
// the login typed is the account's subject and email, verified unless the accounts map says otherwise.
// Consent is granted for the configured (first-party) clients, as a council's admin consent does.
//
// The tests freeze Thrive's clock on a fixed day; POST /__clock {"now": <epoch ms>} moves this
// provider's clock to match, so the times in its tokens agree with Thrive's. Its cookies and
// interactions last for years, so a browser whose own clock is not moved keeps them.
import http from 'node:http';

const config = JSON.parse(process.env.THRIVE_TEST_OIDC || '{}');

const RealDate = Date;
let offset = 0;
class TestDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...args);
  }

  static now() {
    return RealDate.now() + offset;
  }
}
globalThis.Date = TestDate;

const { default: Provider } = await import('oidc-provider');

const issuer = `http://127.0.0.1:${config.port}`;
const YEARS = 10 * 365 * 24 * 60 * 60;

const provider = new Provider(issuer, {
  clients: config.clients,
  pkce: { required: () => true },
  // Claims in the ID token itself, as Entra ID sends them (Thrive reads only the ID token).
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  cookies: { keys: ['thrive-test-oidc-cookie-key'] },
  ttl: {
    Interaction: YEARS,
    Session: YEARS,
    Grant: YEARS,
    AuthorizationCode: 600,
    IdToken: 3600,
    AccessToken: 3600,
  },
  async findAccount(ctx, id) {
    const overrides = (config.accounts || {})[id] || {};
    return {
      accountId: id,
      async claims() {
        return {
          email: id,
          email_verified: true,
          name: id.split('@')[0],
          ...overrides,
        };
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

const callback = provider.callback();
const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/__clock') {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      offset = JSON.parse(body).now - RealDate.now();
      res.writeHead(204).end();
    });
    return;
  }
  callback(req, res);
});
server.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`listening ${issuer}\n`);
});
