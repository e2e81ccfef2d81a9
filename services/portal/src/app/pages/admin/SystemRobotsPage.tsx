// System robot accounts: machine credentials for all or several projects, and optionally system resources.
import { PageHeader } from '../../components/Field.js';
import { RobotsManager } from '../../components/robots/RobotsManager.js';

export function SystemRobotsPage() {
  return (
    <>
      <PageHeader title="Robot Accounts" subtitle="System robot accounts can cover several projects or all of them." />
      <RobotsManager level="system" />
    </>
  );
}
