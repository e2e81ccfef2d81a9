// Labels put on artifacts (label_reference), and the label lookups that doing so needs. Labels
// themselves are managed elsewhere; this module only reads harbor_label.
import { isUniqueViolation, type PrismaClient } from '@harbor/db';

export class LabelAlreadyAddedError extends Error {}

export interface LabelScopeRecord {
  id: number;
  scope: string;
  projectId: number;
}

export class ArtifactLabelRepo {
  constructor(private readonly db: PrismaClient) {}

  async findLabel(id: number): Promise<LabelScopeRecord | null> {
    return this.db.label.findUnique({ where: { id }, select: { id: true, scope: true, projectId: true } });
  }

  async add(artifactId: number, labelId: number): Promise<void> {
    try {
      await this.db.artifactLabel.create({ data: { artifactId, labelId } });
    } catch (err) {
      if (isUniqueViolation(err)) throw new LabelAlreadyAddedError(`label ${labelId} is already added to the artifact ${artifactId}`);
      throw err;
    }
  }

  /** Removes the label from the artifact; false when it was not on it. */
  async remove(artifactId: number, labelId: number): Promise<boolean> {
    const { count } = await this.db.artifactLabel.deleteMany({ where: { artifactId, labelId } });
    return count > 0;
  }
}
