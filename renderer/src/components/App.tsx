// The app's one screen: steps on the left (the story), brokers always in view on the right, and
// under them what to look at: consoles, logs, the HA timeline, the ledger, live traffic.
import { useEffect, useState } from 'react';
import { useBridge, useLab } from '../store-context.js';
import { BrokerCards } from './BrokerCards.js';
import { Consoles } from './Consoles.js';
import { ErrorBanner } from './ErrorBanner.js';
import { Header } from './Header.js';
import { LabBar, LabPicker } from './LabPicker.js';
import { Ledger } from './Ledger.js';
import { Logs } from './Logs.js';
import { SplitBrainAlarm } from './SplitBrainAlarm.js';
import { HungAlarm } from './HungAlarm.js';
import { Steps } from './Steps.js';
import { Tabs } from './Tabs.js';
import { Timeline } from './Timeline.js';
import { Topology } from './Topology.js';
import { TrafficPanel } from './TrafficPanel.js';
import { ClassroomPage, useClassroomView } from './Classroom.js';

export function App() {
  const theme = useLab((s) => s.theme);
  const hasSnapshot = useLab((s) => s.snapshot !== null);
  const eventCount = useLab((s) => s.snapshot?.events.length ?? 0);
  const trafficRunning = useLab((s) => s.snapshot?.traffic?.state === 'running');
  const [tab, setTab] = useState('consoles');
  const [wide, setWide] = useState(false);
  const classroom = useClassroomView();
  const bridge = useBridge();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="app" data-ready={hasSnapshot}>
      <a href="#steps-title" className="skip-link">
        Skip to the steps
      </a>
      <Header />
      <ErrorBanner />
      <main className={`layout ${wide && tab === 'consoles' ? 'wide' : ''}`}>
        <div className="left">
          {hasSnapshot ? (
            <>
              <LabBar />
              <Steps />
            </>
          ) : (
            <p className="muted loading">Connecting to the lab…</p>
          )}
        </div>
        <div className="right">
          <SplitBrainAlarm />
          <HungAlarm />
          <Topology />
          <BrokerCards />
          <Tabs
            label="What to look at"
            active={tab}
            onChange={setTab}
            tabs={[
              { id: 'consoles', label: 'Web consoles', content: <Consoles wide={wide} onWide={setWide} /> },
              { id: 'logs', label: 'Logs', content: <Logs /> },
              { id: 'timeline', label: `HA timeline${eventCount ? ` (${eventCount})` : ''}`, content: <Timeline /> },
              { id: 'ledger', label: 'Message ledger', content: <Ledger /> },
              { id: 'traffic', label: `Live traffic${trafficRunning ? ' (running)' : ''}`, content: <TrafficPanel /> },
              // Only on the machine that hosts a classroom hub.
              ...(classroom ? [{ id: 'classroom', label: `Classroom (${classroom.rows.length}${classroom.rows.some((r) => r.help.length) ? ', needs help' : ''})`, content: <ClassroomPage view={classroom} ask={(row) => bridge.request('classroom.askDiagnostics', { row })} /> }] : []),
            ]}
          />
        </div>
      </main>
      {hasSnapshot ? <LabPicker /> : null}
    </div>
  );
}
