// Test API on window.seedflow for FormsTest: renders a Camunda Form with the process variables a task would give it,
// and reports what a person sees and what submitting it would send.
(function () {
  'use strict';

  let form = null;
  const settle = () => new Promise(resolve => setTimeout(resolve, 300));
  const visible = node => node.getClientRects().length > 0;

  // Tasklist gives document previews a builder that turns a document reference into its download address; here the
  // documents are files in the local runtime's folder store, one folder per document id.
  function documentsIn(folder) {
    return { buildUrl: document => folder + document.documentId + '/' + encodeURIComponent(document.metadata.fileName) };
  }

  async function render(schema, data, documentFolder) {
    const container = document.querySelector('#form');
    container.innerHTML = '';
    const additionalModules = documentFolder ? [{ documentEndpointBuilder: ['value', documentsIn(documentFolder)] }] : [];
    form = new FormViewer.Form({ container, additionalModules });
    const result = await form.importSchema(schema, data);
    await settle();
    return { warnings: (result.warnings || []).map(w => String(w.message || w)) };
  }

  function shown() {
    const texts = [...document.querySelectorAll('#form .fjs-form-field')].filter(visible)
      .map(node => node.innerText.replace(/\s+/g, ' ').trim()).filter(t => t.length > 0);
    const images = [...document.querySelectorAll('#form img')].filter(visible)
      .map(img => ({ src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0 }));
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
