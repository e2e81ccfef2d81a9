// The commands that put an image (or a Helm chart) into a project, ready to copy.
import { CopyField } from '../../components/CopyButton.js';
import { registryHost } from '../../lib/format.js';

export function PushCommands({ projectName }: { projectName: string }) {
  const target = `${registryHost()}/${projectName}`;
  return (
    <div className="push-commands">
      <p className="muted">Tag an image for this project, then push it:</p>
      <CopyField text={`docker tag SOURCE_IMAGE[:TAG] ${target}/REPOSITORY[:TAG]`} label="Copy docker tag command" />
      <CopyField text={`docker push ${target}/REPOSITORY[:TAG]`} label="Copy docker push command" />
      <p className="muted">Push a Helm chart packaged with <code>helm package</code>:</p>
      <CopyField text={`helm push CHART_PACKAGE oci://${target}`} label="Copy helm push command" />
    </div>
  );
}
