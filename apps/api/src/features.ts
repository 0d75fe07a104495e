import type { DynamicModule, Type } from '@nestjs/common';

/** The business capabilities the api serves; each lib exports one module. */
export const FEATURE_MODULES: readonly (Type<unknown> | DynamicModule)[] = [];
