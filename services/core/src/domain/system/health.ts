// Component health as Harbor reports it at /api/v2.0/health: core itself, the database and the registry.
export interface ComponentHealth {
  name: string;
  status: 'healthy' | 'unhealthy';
  error?: string;
}

export type Probe = () => Promise<void>;

export async function checkHealth(probes: Record<string, Probe>, timeoutMs = 3000): Promise<{ status: 'healthy' | 'unhealthy'; components: ComponentHealth[] }> {
  const components = await Promise.all(Object.entries(probes).map(async ([name, probe]): Promise<ComponentHealth> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([probe(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timed out')), timeoutMs); })]);
      return { name, status: 'healthy' };
    } catch (err) {
      return { name, status: 'unhealthy', error: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(timer);
    }
  }));
  return { status: components.every((c) => c.status === 'healthy') ? 'healthy' : 'unhealthy', components };
}

/** The registry answers /v2/ with 200 (no auth) or 401 (token auth) when it is up. */
export function registryProbe(registryURL: string): Probe {
  return async () => {
    const res = await fetch(new URL('/v2/', registryURL));
    await res.arrayBuffer();
    if (res.status !== 200 && res.status !== 401) throw new Error(`registry answered ${res.status}`);
  };
}
