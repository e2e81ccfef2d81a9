// An artifact as the API shows it: its row plus, for a whole page at once, the tags, labels, index
// children and accessories the caller asked for, and the additions its type offers.
import { MediaType } from '@harbor/contracts';
import type { ArtifactRecord } from '../../store/artifact.repo.js';
import type { AccessoryRecord, ArtifactDetailRepo, LabelRecord, ReferenceRecord, TagRecord } from '../../store/artifact-detail.repo.js';

export interface ViewOptions {
  withTag: boolean;
  withLabel: boolean;
  withAccessory: boolean;
  withInheritedAccessory: boolean;
  /** Whether each tag says if an immutability rule protects it. */
  withImmutableStatus?: boolean;
}

export interface ArtifactView extends ArtifactRecord {
  references: ReferenceRecord[];
  tags?: TagRecord[];
  labels?: LabelRecord[];
  accessories?: AccessoryRecord[];
  inheritedAccessories?: AccessoryRecord[];
  /** Addition names (`build_history`, `values.yaml`, …) with a link. */
  additions: string[];
}

export const IMAGE_ADDITIONS = ['build_history'];
export const CHART_ADDITIONS = ['values.yaml', 'readme.md', 'dependencies'];

/**
 * Harbor's processors by config media type: images offer their build history, charts their values,
 * readme and dependencies; every image (index included) links its vulnerabilities, as Harbor does when
 * a scanner covers images.
 */
export function additionsOf(a: Pick<ArtifactRecord, 'type' | 'mediaType'>): string[] {
  const out: string[] = [];
  if (a.mediaType === MediaType.OciConfig || a.mediaType === MediaType.DockerConfig) out.push(...IMAGE_ADDITIONS);
  if (a.mediaType === MediaType.HelmConfig) out.push(...CHART_ADDITIONS);
  if (a.type === 'IMAGE') out.push('vulnerabilities');
  return out;
}

export async function assembleViews(details: ArtifactDetailRepo, records: ArtifactRecord[], opts: ViewOptions): Promise<ArtifactView[]> {
  const ids = records.map((r) => r.id);
  const [{ references, tags, labels }, accessories, inherited] = await Promise.all([
    details.basics(ids, { tags: opts.withTag, labels: opts.withLabel }),
    opts.withAccessory ? details.accessories(records) : undefined,
    opts.withInheritedAccessory ? details.inheritedSignatures(ids) : undefined,
  ]);
  return records.map((r) => ({
    ...r,
    references: references.get(r.id) ?? [],
    tags: tags ? tags.get(r.id) ?? [] : undefined,
    labels: labels ? labels.get(r.id) ?? [] : undefined,
    accessories: accessories ? accessories.get(`${r.repositoryName}@${r.digest}`) ?? [] : undefined,
    inheritedAccessories: inherited ? inherited.get(r.id) ?? [] : undefined,
    additions: additionsOf(r),
  }));
}
