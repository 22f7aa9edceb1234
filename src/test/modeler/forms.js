// Test API on window.seedflow for FormsTest: renders a Camunda Form with the process variables a task would give it,
// and reports what a person sees and what submitting it would send.
(function () {
  'use strict';

  let form = null;
  const settle = () => new Promise(resolve => setTimeout(resolve, 300));
  const visible = node => node.getClientRects().length > 0;

  async function render(schema, data) {
    const container = document.querySelector('#form');
    container.innerHTML = '';
    form = new FormViewer.Form({ container });
    const result = await form.importSchema(schema, data);
    await settle();
    return { warnings: (result.warnings || []).map(w => String(w.message || w)) };
  }

  function shown() {
    const texts = [...document.querySelectorAll('#form .fjs-form-field')].filter(visible)
      .map(node => node.innerText.replace(/\s+/g, ' ').trim()).filter(t => t.length > 0);
    const images = [...document.querySelectorAll('#form img')].filter(visible).map(img => img.getAttribute('src'));
    return { texts, images };
  }

  function submit() {
    const { data, errors } = form.submit();
    return { data, errors: Object.keys(errors) };
  }

  function box(selector) {
    const rect = document.querySelector(selector).getBoundingClientRect();
    return { x: rect.left + window.scrollX, y: rect.top + window.scrollY, width: rect.width, height: rect.height };
  }

  window.seedflow = { render, shown, submit, box };
})();
