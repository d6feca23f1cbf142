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

// Pickers (PickerSelect, PickerCheckboxes): a family or a person chosen from a long list by name,
// with the ID beside it. Without JavaScript the list works as it is (a select jumps to the name
// typed); with it, a search box above the list keeps only what matches any part of the name or ID.
// What is already chosen always stays in view.
document.querySelectorAll('[data-thrive-picker]').forEach((list, index) => {
  const id = `thrive-picker-${index + 1}`
  const search = document.createElement('div')
  search.className = 'thrive-picker__search'
  const label = document.createElement('label')
  label.className = 'govuk-label'
  label.htmlFor = id
  const named = list.tagName === 'SELECT'
    ? document.querySelector(`label[for="${list.id}"]`)
    : list.closest('fieldset')?.querySelector('legend')
  const what = named ? named.textContent.trim() : 'the list'
  label.textContent = `Search ${what}: type part of a name or ID`
  const input = document.createElement('input')
  input.className = 'govuk-input govuk-!-width-two-thirds'
  input.id = id
  input.type = 'search'
  input.autocomplete = 'off'
  input.spellcheck = false
  const status = document.createElement('p')
  status.className = 'govuk-hint govuk-!-margin-bottom-1'
  status.setAttribute('aria-live', 'polite')
  search.append(label, input, status)
  list.before(search)
  const select = list.tagName === 'SELECT'
  const items = select
    ? [...list.options].filter((o) => o.value)
    : [...list.querySelectorAll('.govuk-checkboxes__item')]
  const chosen = (item) => (select ? item.selected : item.querySelector('input').checked)
  input.addEventListener('input', () => {
    const words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean)
    let shown = 0
    items.forEach((item) => {
      const text = item.textContent.toLowerCase()
      const match = chosen(item) || words.every((w) => text.includes(w))
      item.hidden = !match
      if (select) item.disabled = !match
      if (match) shown += 1
    })
    status.textContent = words.length ? `${shown} of ${items.length} shown` : ''
  })
})

// Conditional reveal on radios and checkboxes (govuk/field.html's reveal): the part a choice
// reveals shows while that choice is checked. GOV.UK Frontend's own reveal puts aria-expanded on
// the radio, which the radio role does not support (axe: aria-allowed-attr), so the reveal is ours
// and sets no ARIA state on the input (the revealed part follows it in the reading order); without
// JavaScript the revealed part is always shown.
document.querySelectorAll('input[data-thrive-reveal]').forEach((input) => {
  const target = document.getElementById(input.dataset.thriveReveal)
  if (!target) return
  const radio = input.type === 'radio'
  const hidden = radio ? 'govuk-radios__conditional--hidden' : 'govuk-checkboxes__conditional--hidden'
  const sync = () => target.classList.toggle(hidden, !input.checked)
  const group = radio ? document.querySelectorAll(`input[type="radio"][name="${input.name}"]`) : [input]
  group.forEach((other) => other.addEventListener('change', sync))
  sync()
})

// A part of the page that follows work still going on (a background job's progress): every
// data-thrive-refresh milliseconds the page is fetched again and this part replaced, until the
// new copy no longer asks to be refreshed. The page never reloads (no meta refresh: WCAG 2.2.1),
// so the reader keeps their place; the part's role="status" line announces the change politely.
document.querySelectorAll('[data-thrive-refresh]').forEach((part) => {
  const every = Number(part.dataset.thriveRefresh) || 2000
  const follow = async () => {
    const response = await fetch(window.location.href, { headers: { Accept: 'text/html' } })
    if (!response.ok) return
    const page = new DOMParser().parseFromString(await response.text(), 'text/html')
    const fresh = page.getElementById(part.id)
    if (!fresh) return
    part.innerHTML = fresh.innerHTML
    if (fresh.hasAttribute('data-thrive-refresh')) window.setTimeout(follow, every)
    else part.removeAttribute('data-thrive-refresh')
  }
  window.setTimeout(follow, every)
})
