import { openStore } from '../src/store/open-store.js';
import { readFold } from '../src/analysis/metrics/read-fold.js';
import { summarizeFold } from '../src/analysis/summarize-run.js';
import { compareColumns } from '../src/analysis/compare/compare-runs.js';
const [db, mode] = [process.argv[2]!, process.argv[3] ?? 'summary'];
const mem = (l: string) => { const m = process.memoryUsage(); console.log(l.padEnd(20), 'rss', (m.rss/1e6).toFixed(0), 'heap', (m.heapUsed/1e6).toFixed(0), 'ab', (m.arrayBuffers/1e6).toFixed(0), 't', (performance.now()/1000).toFixed(2)); };
const store = await openStore({ location: db });
const runs = (await store.runs.list({})) as any[];
mem('open');
const r0 = await store.runs.get(runs[0].runId);
const r1 = await store.runs.get(runs[1].runId);
mem('runs');
const cases = await store.datasets.listCaseColumns(r0!.datasetVersion);
mem('cases');
const cols = await store.trials.listColumns(r0!.runId, {});
mem('listColumns');
const f0 = await readFold(store, r0!, { cases });
mem('fold0');
if (mode === 'summary') { const s = summarizeFold(r0!, f0); mem('summary'); console.log(s.graders[0].passRate); }
else { const f1 = await readFold(store, r1!, { cases }); mem('fold1'); const c = compareColumns({ run: r0!, columns: f0 }, { run: r1!, columns: f1 }); mem('compare'); console.log(c.graders[0].delta); }
void cols;
