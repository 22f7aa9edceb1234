// Lints BPMN files as the Camunda Modeler's problems panel does: bpmnlint's recommended rules plus camunda-compat's
// camunda-cloud-8-8, with the zeebe moddle loaded so the zeebe: extensions are read. Prints one JSON object:
// {file: [{id, rule, category, message}]}; exit 0 whatever it finds (the test decides).
const fs = require('fs');
const { BpmnModdle } = require('bpmn-moddle');
const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json');
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');

const config = { extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-8'] };

async function lint(file) {
  const moddle = new BpmnModdle({ zeebe });
  const { rootElement, warnings } = await moddle.fromXML(fs.readFileSync(file, 'utf8'));
  const problems = warnings.map(w => ({ id: null, rule: 'import', category: 'error', message: w.message }));
  const linter = new Linter({ config, resolver: new NodeResolver({ require }) });
  const reports = await linter.lint(rootElement);
  for (const [rule, entries] of Object.entries(reports)) {
    for (const entry of entries) {
      problems.push({ id: entry.id, rule, category: entry.category, message: entry.message });
    }
  }
  return problems;
}

(async () => {
  const out = {};
  for (const file of process.argv.slice(2)) out[file] = await lint(file);
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(2); });
