/**
 * The one `<select>` of the app: a closed list of values (a shared enum such as categories
 * or priorities, or a list read from data such as units), each shown with its label from
 * i18n (`optionLabel: (c) => t(`category.${c}`)`). `onChange` only ever receives one of
 * `options` (or '' for the empty choice), so callers need no parsing of `e.target.value`.
 *
 * With `label` it renders `<label>{label}<select/></label>` (the label names the control);
 * without one (a table cell, a control beside another) give `aria-label`.
 */
import type { ReactNode, Ref, SelectHTMLAttributes } from 'react';

type SelectAttributes = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'children'>;

export type EnumSelectProps<T extends string> = SelectAttributes & {
  label?: ReactNode;
  value: T | '';
  options: readonly T[];
  optionLabel: (value: T) => string;
  onChange: (value: T | '') => void;
  /** A first option with the value '' ("All", "—", "Choose…"); without it '' is never offered. */
  emptyLabel?: string;
  /** Class of the wrapping <label>. */
  labelClassName?: string;
  /** Shown after the control, inside the label (a validation message). */
  after?: ReactNode;
  ref?: Ref<HTMLSelectElement>;
};

export function EnumSelect<T extends string>({
  label,
  value,
  options,
  optionLabel,
  onChange,
  emptyLabel,
  labelClassName,
  after,
  ...select
}: EnumSelectProps<T>) {
  const control = (
    <select
      {...select}
      value={value}
      onChange={(e) => onChange(options.find((o) => o === e.target.value) ?? '')}
    >
      {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
      {options.map((o) => (
        <option key={o} value={o}>
          {optionLabel(o)}
        </option>
      ))}
    </select>
  );
  if (label === undefined) {
    return (
      <>
        {control}
        {after}
      </>
    );
  }
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the <select> built above is inside this label.
    <label className={labelClassName}>
      {label}
      {control}
      {after}
    </label>
  );
}
