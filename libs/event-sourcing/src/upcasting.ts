/**
 * Old event shapes stay in the store forever; upcasters lift them to the current shape on read.
 * An upcaster takes data written at `fromVersion` and returns data of `fromVersion + 1`.
 */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  upcast(data: Record<string, unknown>): Record<string, unknown>;
}

export class UpcasterRegistry {
  private readonly byType = new Map<string, Map<number, Upcaster>>();

  constructor(upcasters: readonly Upcaster[] = []) {
    upcasters.forEach((u) => this.register(u));
  }

  register(upcaster: Upcaster): this {
    const chain = this.byType.get(upcaster.type) ?? new Map<number, Upcaster>();
    if (chain.has(upcaster.fromVersion)) {
      throw new Error(`Two upcasters for ${upcaster.type} v${upcaster.fromVersion}`);
    }
    chain.set(upcaster.fromVersion, upcaster);
    this.byType.set(upcaster.type, chain);
    return this;
  }

  upcast(type: string, schemaVersion: number, data: Record<string, unknown>): { schemaVersion: number; data: Record<string, unknown> } {
    const chain = this.byType.get(type);
    let version = schemaVersion;
    let current = data;
    for (let step = chain?.get(version); step; step = chain?.get(version)) {
      current = step.upcast(current);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }
}
