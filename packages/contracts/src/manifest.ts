// Manifest documents: OCI image manifest and index (image-spec v1.1), Docker schema2 manifest and
// manifest list. The schemas check structure; reference integrity (blobs exist) is the registry's job.
import { z } from 'zod';
import { DigestSchema } from './digest.js';
import { MediaType } from './media-types.js';

const MEDIA_TYPE_RE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;
export const MediaTypeStringSchema = z.string().regex(MEDIA_TYPE_RE, 'invalid media type');

const AnnotationsSchema = z.record(z.string(), z.string());

export const PlatformSchema = z.object({
  architecture: z.string(),
  os: z.string(),
  'os.version': z.string().optional(),
  'os.features': z.array(z.string()).optional(),
  variant: z.string().optional(),
  features: z.array(z.string()).optional(),
});

export const DescriptorSchema = z.object({
  mediaType: MediaTypeStringSchema,
  digest: DigestSchema,
  size: z.number().int().nonnegative(),
  urls: z.array(z.string()).optional(),
  annotations: AnnotationsSchema.optional(),
  data: z.string().optional(),
  artifactType: MediaTypeStringSchema.optional(),
  platform: PlatformSchema.optional(),
});
export type Descriptor = z.infer<typeof DescriptorSchema>;

export const OciManifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.literal(MediaType.OciManifest).optional(),
  artifactType: MediaTypeStringSchema.optional(),
  config: DescriptorSchema,
  layers: z.array(DescriptorSchema),
  subject: DescriptorSchema.optional(),
  annotations: AnnotationsSchema.optional(),
});
export type OciManifest = z.infer<typeof OciManifestSchema>;

export const OciIndexSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.literal(MediaType.OciIndex).optional(),
  artifactType: MediaTypeStringSchema.optional(),
  manifests: z.array(DescriptorSchema),
  subject: DescriptorSchema.optional(),
  annotations: AnnotationsSchema.optional(),
});
export type OciIndex = z.infer<typeof OciIndexSchema>;

export const DockerManifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.literal(MediaType.DockerManifest),
  config: DescriptorSchema,
  layers: z.array(DescriptorSchema),
});
export type DockerManifest = z.infer<typeof DockerManifestSchema>;

export const DockerManifestListSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.literal(MediaType.DockerManifestList),
  manifests: z.array(DescriptorSchema),
});
export type DockerManifestList = z.infer<typeof DockerManifestListSchema>;

export type ImageManifest = OciManifest | DockerManifest;
export type ImageIndex = OciIndex | DockerManifestList;
