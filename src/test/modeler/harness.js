// Test API on window.seedflow for ModelerFidelityTest. Everything goes through the Modeler's own services and
// the panel's DOM, as a user's clicks would: templates are loaded by the element templates loader, applied by
// elementTemplates, and dropdowns are changed by setting the <select> and firing its events.
(function () {
  'use strict';

  let modeler = null;
  let templateProblems = [];

  const settle = () => new Promise(resolve => setTimeout(resolve, 100));
  const visible = node => node.getClientRects().length > 0;
  const text = node => (node ? node.textContent.trim() : null);

  async function open(xml, templates, diagramOnly) {
    document.body.classList.toggle('diagram-only', !!diagramOnly);
    templateProblems = [];
    modeler = new BpmnModeler({
      container: '#canvas',
      propertiesPanel: { parent: '#properties' },
      // The engine is set as the desktop Modeler sets it for a Camunda 8.8 diagram, so each template's
      // `engines` range is checked too.
      elementTemplates: { engines: { camunda: '8.8.0' } }
    });
    modeler.on('elementTemplates.errors', event => event.errors.forEach(e => templateProblems.push('error: ' + e.message)));
    modeler.on('elementTemplates.warnings', event => event.warnings.forEach(w => templateProblems.push('warning: ' + w.message)));
    modeler.get('elementTemplatesLoader').setTemplates(templates);
    const result = await modeler.importXML(xml);
    await settle();
    return { importWarnings: result.warnings.map(w => w.message), templateProblems };
  }

  async function applyTemplate(elementId, templateId) {
    const templates = modeler.get('elementTemplates');
    const template = templates.getLatest(templateId)[0];
    if (!template) throw new Error('the Modeler did not load template ' + templateId + ': ' + templateProblems.join('; '));
    const element = templates.applyTemplate(modeler.get('elementRegistry').get(elementId), template);
    modeler.get('selection').select(element);
    await settle();
    return element.id;
  }

  function templateProperty(elementId, propertyId) {
    const element = modeler.get('elementRegistry').get(elementId);
    const template = modeler.get('elementTemplates').get(element);
    const property = template && template.properties.find(p => p.id === propertyId);
    if (!property) throw new Error('the applied template has no property ' + propertyId);
    return property;
  }

  // Picks a value in a dropdown, found by its label among the fields the panel shows.
  async function choose(elementId, propertyId, value) {
    await openAllGroups();
    const label = templateProperty(elementId, propertyId).label;
    const selects = visibleEntries()
      .filter(entry => entryLabel(entry) === label)
      .map(entry => entry.querySelector('select'))
      .filter(Boolean);
    if (selects.length !== 1) throw new Error(selects.length + ' visible dropdowns are labelled "' + label + '"');
    const select = selects[0];
    if (![...select.options].some(option => option.value === value)) {
      throw new Error('dropdown "' + label + '" offers no ' + value + ' (it offers ' + [...select.options].map(o => o.value).join(', ') + ')');
    }
    select.value = value;
    // A person's pick fires both events; the panel listens to `input`.
    select.dispatchEvent(new Event('input', { bubbles: true }));
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
  }

  function entryLabel(entry) {
    return text(entry.querySelector('.bio-properties-panel-label')) || '';
  }

  function visibleEntries() {
    return [...document.querySelectorAll('#properties .bio-properties-panel-entry')].filter(visible);
  }

  // Opens every group, as a user would to see all fields.
  async function openAllGroups() {
    document.querySelectorAll('#properties .bio-properties-panel-group-header').forEach(header => {
      if (!header.classList.contains('open')) header.click();
    });
    await settle();
  }

  // What the panel shows: its header, per group the labels of the visible fields (in order), and validation errors.
  async function panel() {
    await openAllGroups();
    const groups = [...document.querySelectorAll('#properties .bio-properties-panel-group')].map(group => ({
      title: text(group.querySelector('.bio-properties-panel-group-header-title')),
      entries: [...group.querySelectorAll('.bio-properties-panel-entry')].filter(visible).map(entryLabel)
    }));
    return {
      type: text(document.querySelector('#properties .bio-properties-panel-header-type')),
      label: text(document.querySelector('#properties .bio-properties-panel-header-label')),
      groups,
      errors: [...document.querySelectorAll('#properties .bio-properties-panel-error')].filter(visible).map(text)
    };
  }

  function box(selector) {
    const rect = document.querySelector(selector).getBoundingClientRect();
    return { x: rect.left + window.scrollX, y: rect.top + window.scrollY, width: rect.width, height: rect.height };
  }

  // Sizes the canvas to the whole diagram at 100% and returns where it is on the page. The margin below is wider,
  // for the bpmn.io logo that the bpmn-js licence asks to keep visible.
  async function fitDiagram(margin) {
    const canvas = modeler.get('canvas');
    canvas.zoom(1);
    const inner = canvas.viewbox().inner;
    const width = Math.ceil(inner.width + 2 * margin);
    const height = Math.ceil(inner.height + 2 * margin + 32);
    const container = document.querySelector('#canvas');
    container.style.width = width + 'px';
    container.style.height = height + 'px';
    canvas.resized();
    canvas.viewbox({ x: inner.x - margin, y: inner.y - margin, width, height });
    await settle();
    return box('#canvas');
  }

  // The tasks that carry a template, and whether the Modeler resolved it (an unknown id or version shows as null).
  function templatedElements() {
    const templates = modeler.get('elementTemplates');
    return modeler.get('elementRegistry').filter(element => element.businessObject.get('zeebe:modelerTemplate'))
      .map(element => ({
        id: element.id,
        template: element.businessObject.get('zeebe:modelerTemplate'),
        resolved: templates.get(element) ? templates.get(element).id : null
      }));
  }

  async function xml() {
    return (await modeler.saveXML({ format: true })).xml;
  }

  window.seedflow = { open, applyTemplate, choose, panel, fitDiagram, templatedElements, xml, box };
})();
