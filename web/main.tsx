import { render } from 'preact';
import { Link } from './components/link.js';
import { Empty } from './components/states.js';
import { useRoute, type Route } from './hooks.js';
import { CasePage } from './routes/case-page.js';
import { ComparePage } from './routes/compare-page.js';
import { RedteamPage } from './routes/redteam-page.js';
import { MatrixPage } from './routes/matrix-page.js';
import { OnlinePage } from './routes/online-page.js';
import { ReviewPage } from './routes/review-page.js';
import { RunPage } from './routes/run-page.js';
import { RunsPage } from './routes/runs-page.js';
import { TrendsPage } from './routes/trends-page.js';

const NAV: readonly [string, string][] = [
  ['/', 'Runs'],
  ['/compare', 'Compare'],
  ['/trends', 'Trends'],
  ['/online', 'Online'],
  ['/redteam', 'Red team'],
  ['/review', 'Review'],
];

function page(route: Route) {
  const parts = route.path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return <RunsPage route={route} />;
  if (parts[0] === 'runs' && parts.length === 2) return <RunPage key={parts[1]} runId={parts[1]} route={route} />;
  if (parts[0] === 'runs' && parts.length === 4 && parts[2] === 'cases')
    return <CasePage runId={parts[1]} caseId={parts[3]} />;
  if (parts[0] === 'compare') return <ComparePage route={route} />;
  if (parts[0] === 'matrix' && parts.length === 2)
    return <MatrixPage key={parts[1]} matrixId={parts[1]} route={route} />;
  if (parts[0] === 'trends') return <TrendsPage route={route} />;
  if (parts[0] === 'redteam') return <RedteamPage route={route} />;
  if (parts[0] === 'online') return <OnlinePage route={route} />;
  if (parts[0] === 'review') return <ReviewPage route={route} />;
  return (
    <Empty title="There is no page here.">
      Go back to the <Link href="/">list of runs</Link>.
    </Empty>
  );
}

function App() {
  const route = useRoute();
  const section = `/${route.path.split('/')[1] ?? ''}`;
  return (
    <>
      <header class="topbar">
        <Link href="/" class="brand">
          Assay
        </Link>
        <nav>
          {NAV.map(([path, label]) => (
            <Link
              key={path}
              href={path}
              class={(path === '/' ? section === '/' || section === '/runs' : section === path) ? 'active' : ''}
            >
              {label}
            </Link>
          ))}
        </nav>
      </header>
      <main>{page(route)}</main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
