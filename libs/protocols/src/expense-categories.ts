/** What the fund pays for: immediate needs for safety and stability (docs/domain-model.md). */
export const EXPENSE_CATEGORIES = [
  'phone_card',
  'groceries',
  'transportation',
  'lodging',
  'hygiene',
  'clothing',
  'winter_gear',
  'relocation',
  'identity_documents',
  'childcare',
  'medical',
  'other_basic_needs',
] as const;

export type ExpenseCategory = (typeof EXPENSE_CATEGORIES)[number];

/** How a category reads in documents and reports written for people, not programs. */
export const EXPENSE_CATEGORY_NAMES: Readonly<Record<ExpenseCategory, string>> = {
  phone_card: 'Phone cards',
  groceries: 'Groceries',
  transportation: 'Transportation (bus passes, fares)',
  lodging: 'Lodging (motel nights)',
  hygiene: 'Hygiene items',
  clothing: 'Clothing',
  winter_gear: 'Winter gear',
  relocation: 'Relocation',
  identity_documents: 'Identity documents',
  childcare: 'Childcare',
  medical: 'Medical co-pays',
  other_basic_needs: 'Other basic needs',
};

export function isExpenseCategory(value: unknown): value is ExpenseCategory {
  return typeof value === 'string' && (EXPENSE_CATEGORIES as readonly string[]).includes(value);
}
