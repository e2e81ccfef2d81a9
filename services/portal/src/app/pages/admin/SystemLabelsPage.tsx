// Global labels: available to artifacts of every project.
import { PageHeader } from '../../components/Field.js';
import { LabelsManager } from '../../components/labels/LabelsManager.js';

export function SystemLabelsPage() {
  return (
    <>
      <PageHeader title="Labels" />
      <LabelsManager scope="g" />
    </>
  );
}
