import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy, type ValidationArguments } from 'class-validator';
import { detectIdentifierPatterns, detectIdentifiers, identifierRefusal, type IdentifierKind } from './identifiers';

/**
 * `text`: free text about a person's situation (a narrative, a note): every screen, names and
 * where someone lives included. `label`: a short name, title, slug or reference that may name a
 * program, a shop or a town, but never holds a contact detail, a number like an SSN, a date or
 * an address.
 */
export type FreeTextKind = 'text' | 'label';

/** The OpenAPI extension that marks a field screened for identifiers (and how). */
export const SCREENED_EXTENSION = 'x-identifier-screen';

export function screenFreeText(value: string, kind: FreeTextKind): IdentifierKind[] {
  return kind === 'text' ? detectIdentifiers(value) : detectIdentifierPatterns(value);
}

/**
 * Every field that takes text from a person carries this. A `label` is screened here, at the
 * edge: a 400 naming the field and the rule `noIdentifiers` and what to remove, never the value.
 * A `text` (narrative, note) is screened by the same detectors in its handler
 * (`assertNoIdentifiers`, a 422 `PRIVACY.IDENTIFIER_IN_TEXT` the web app shows beside the field),
 * where the name screen's cost is paid once; here it is only marked, so the OpenAPI document
 * says which fields are screened and how.
 */
export function ScreenedText(kind: FreeTextKind): PropertyDecorator {
  const documented = ApiProperty({ [SCREENED_EXTENSION]: kind } as Parameters<typeof ApiProperty>[0]);
  if (kind === 'text') return documented;
  return applyDecorators(
    ValidateBy({
      name: 'noIdentifiers',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || screenFreeText(value, kind).length === 0,
        defaultMessage: (args?: ValidationArguments) => {
          const value: unknown = args?.value;
          const found = typeof value === 'string' ? screenFreeText(value, kind) : [];
          return identifierRefusal(args?.property ?? 'text', found);
        },
      },
    }),
    documented,
  );
}
