// A minimal Helm chart for OCI artifact tests: Chart.yaml, values.yaml and one template, packaged with
// the real helm binary into `<dir>/<name>-<version>.tgz`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHelm } from './clients/helm.js';

export interface HelmChart {
  name: string;
  version: string;
  /** The unpacked chart directory. */
  chartDir: string;
  /** The packaged chart (`helm push` input). */
  tgz: string;
}

export async function buildHelmChart(dir: string, name: string, version: string): Promise<HelmChart> {
  const chartDir = join(dir, name);
  mkdirSync(join(chartDir, 'templates'), { recursive: true });
  writeFileSync(
    join(chartDir, 'Chart.yaml'),
    [
      'apiVersion: v2',
      `name: ${name}`,
      `description: Test chart ${name} built by @harbor/testkit`,
      'type: application',
      `version: ${version}`,
      'appVersion: "1.0.0"',
      '',
    ].join('\n'),
  );
  writeFileSync(join(chartDir, 'values.yaml'), 'greeting: hello\n');
  writeFileSync(
    join(chartDir, 'templates', 'configmap.yaml'),
    [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: {{ .Release.Name }}-{{ .Chart.Name }}',
      'data:',
      '  greeting: {{ .Values.greeting | quote }}',
      '',
    ].join('\n'),
  );
  const helm = await createHelm();
  try {
    await helm.helm(['package', chartDir, '--destination', dir]);
  } finally {
    await helm.cleanup();
  }
  return { name, version, chartDir, tgz: join(dir, `${name}-${version}.tgz`) };
}
