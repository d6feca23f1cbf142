// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '/static/govuk/govuk-frontend.min.js'
initAll()

// After an action that adds to the page (Show suggestions), focus lands on what it added: the
// element marked data-thrive-focus (with tabindex="-1"). An error summary, when there is one, keeps
// the focus GOV.UK Frontend gives it. Without JavaScript the form's action="#id" scrolls there.
const focusTarget = document.querySelector('[data-thrive-focus]')
if (focusTarget && !document.querySelector('.govuk-error-summary')) focusTarget.focus()

// Wide tables: while a table is wider than its scrolling region, say so above it.
const wrappers = document.querySelectorAll('.thrive-table-wrapper')
wrappers.forEach((wrapper, index) => {
  const hint = document.createElement('p')
  hint.className = 'thrive-table-hint'
  hint.id = `thrive-table-hint-${index + 1}`
  hint.hidden = true
  hint.append('Scroll sideways to see the whole table\u00a0')
  const arrow = document.createElement('span')
  arrow.setAttribute('aria-hidden', 'true')
  arrow.textContent = '→'
  hint.append(arrow)
  wrapper.before(hint)
  const update = () => {
    const wide = wrapper.scrollWidth > wrapper.clientWidth + 1
    hint.hidden = !wide
    wrapper.classList.toggle('thrive-table-wrapper--wide', wide)
    if (wide) {
      wrapper.setAttribute('aria-describedby', hint.id)
    } else {
      wrapper.removeAttribute('aria-describedby')
    }
  }
  update()
  if ('ResizeObserver' in window) new ResizeObserver(update).observe(wrapper)
})
