/**
 * SLA catalogue editor: every rule as an editable table row (unit, priority, response and
 * resolution targets, active) and a form for a new rule. Both validate with the shared
 * request schemas (`createSlaRuleRequestSchema`, `updateSlaRuleRequestSchema`).
 */
import {
  type Category,
  type CreateSlaRuleRequest,
  categories,
  createSlaRuleRequestSchema,
  type Priority,
  priorities,
  type SlaRule,
  slaRuleSchema,
  type UpdateSlaRuleRequest,
  updateSlaRuleRequestSchema,
} from '@edc/shared';
import { z } from 'zod';
import { isCatalogueSubcase, subcaseLabel } from '../../../components/enum-labels.ts';
import { Field, FieldMessage } from '../../../components/field.tsx';
import { EnumField, useZodForm } from '../../../components/form.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useSession } from '../../../shell/providers.tsx';
import { deskKeys, QueryView, useCommand, useJsonQuery } from '../desk-query.tsx';
import { TableWrap } from '../table-wrap.tsx';
import { CommandNotice } from './command-notice.tsx';
import { SlaCalendarsPanel } from './sla-calendars-panel.tsx';

const targets = ['businessDays', 'hours'] as const;
type Target = (typeof targets)[number];

/** The form has one amount and a unit picker; the request has exactly one of two fields. */
function withTarget<T extends { target: Target; amount: number }>({ target, amount, ...rest }: T) {
  return { ...rest, ...(target === 'hours' ? { hours: amount } : { businessDays: amount }) };
}
/** The request's `hours` / `businessDays` errors belong to the form's amount field. */
const targetAliases = { hours: 'amount', businessDays: 'amount' };

type RuleValues = {
  responsibleUnit: string;
  priority: Priority;
  responseMinutes: number;
  target: Target;
  amount: number;
};
type NewRuleValues = RuleValues & { category: Category; subcase: string; label: string };
type RowValues = RuleValues & { active: boolean };

type SaveRule =
  | { kind: 'create'; body: CreateSlaRuleRequest }
  | { kind: 'update'; id: string; body: UpdateSlaRuleRequest };

export function SlaRulesPanel() {
  const { t } = useI18n();
  const { api } = useSession();
  const rules = useJsonQuery(deskKeys.slaRules, '/api/admin/sla-rules', z.array(slaRuleSchema));
  const save = useCommand(
    (command: SaveRule) =>
      command.kind === 'create'
        ? api.json('/api/admin/sla-rules', slaRuleSchema, { json: command.body })
        : api.json(`/api/admin/sla-rules/${encodeURIComponent(command.id)}`, slaRuleSchema, {
            method: 'PUT',
            json: command.body,
          }),
    { stale: [deskKeys.slaRules] },
  );
  const units = catalogueUnits(rules.data);
  return (
    <section data-testid="admin-sla">
      <SlaCalendarsPanel />
      <NewSlaRuleForm onCreate={(body) => save.mutate({ kind: 'create', body })} />
      <CommandNotice command={save} />
      <QueryView query={rules}>
        {(list) => (
          <TableWrap label={t('desk.admin.tab.sla')}>
            <table className="data">
              <thead>
                <tr>
                  <th>{t('desk.field.category')}</th>
                  <th>{t('desk.field.subcase')}</th>
                  <th>{t('desk.field.unit')}</th>
                  <th>{t('desk.field.priority')}</th>
                  <th>{t('desk.admin.sla.response')}</th>
                  <th>{t('desk.field.dueAt')}</th>
                  <th>{t('desk.admin.sla.active')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((rule) => (
                  <SlaRuleRow
                    key={`${rule.id}:${rule.updatedAt}`}
                    rule={rule}
                    units={units}
                    onSave={(body) => save.mutate({ kind: 'update', id: rule.id, body })}
                  />
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </QueryView>
    </section>
  );
}

function SlaRuleRow({
  rule,
  units,
  onSave,
}: {
  rule: SlaRule;
  units: readonly string[];
  onSave: (body: UpdateSlaRuleRequest) => void;
}) {
  const { t } = useI18n();
  // A table row cannot hold a <form>: the Save button submits through handleSubmit.
  const form = useZodForm({
    schema: updateSlaRuleRequestSchema,
    defaultValues: {
      responsibleUnit: rule.responsibleUnit,
      priority: rule.priority,
      responseMinutes: rule.responseMinutes,
      target: rule.hours !== undefined ? 'hours' : 'businessDays',
      amount: rule.hours ?? rule.businessDays ?? 1,
      active: rule.active,
    },
    // The rule keeps its label and case type; the rest is edited.
    toRequest: (v: RowValues) =>
      withTarget({
        ...v,
        responsibleUnit: v.responsibleUnit.trim(),
        label: rule.label,
        caseType: rule.caseType,
      }),
    aliases: targetAliases,
  });
  const { errors } = form.formState;
  return (
    <tr data-testid="sla-rule-row" data-rule-id={rule.id}>
      <td>{t(`category.${rule.category}`)}</td>
      <td>
        {/* A rule the admin added has only the name they typed: data, not UI text. */}
        {isCatalogueSubcase(rule.category, rule.subcase) ? (
          subcaseLabel(t, rule.category, rule.subcase, rule.label)
        ) : (
          <span translate="no">{subcaseLabel(t, rule.category, rule.subcase, rule.label)}</span>
        )}
        {/* The catalogue code, as the admin types it in the CSV and the API: data, not UI text. */}
        <div className="muted" translate="no">
          {rule.subcase}
        </div>
      </td>
      <td>
        <EnumField
          control={form.control}
          name="responsibleUnit"
          aria-label={t('desk.field.unit')}
          options={units.includes(rule.responsibleUnit) ? units : [rule.responsibleUnit, ...units]}
          optionLabel={(u) => u}
        />
      </td>
      <td>
        <EnumField
          control={form.control}
          name="priority"
          aria-label={t('desk.field.priority')}
          options={priorities}
          optionLabel={(p) => t(`desk.priority.${p}`)}
        />
      </td>
      <td>
        <input
          aria-label={t('desk.admin.sla.response')}
          type="number"
          min={1}
          style={{ width: '5rem' }}
          aria-invalid={errors.responseMinutes ? true : undefined}
          {...form.register('responseMinutes', { valueAsNumber: true })}
        />
        <FieldMessage id={`${rule.id}-response`} error={errors.responseMinutes} />
      </td>
      <td>
        <span className="row">
          <input
            aria-label={t('desk.field.dueAt')}
            type="number"
            min={1}
            style={{ width: '4rem' }}
            aria-invalid={errors.amount ? true : undefined}
            {...form.register('amount', { valueAsNumber: true })}
          />
          <EnumField
            control={form.control}
            name="target"
            aria-label={t('desk.field.dueAt')}
            options={targets}
            optionLabel={(v) => t(v === 'hours' ? 'desk.admin.sla.hours' : 'desk.admin.sla.businessDays')}
          />
        </span>
        <FieldMessage id={`${rule.id}-amount`} error={errors.amount} />
      </td>
      <td>
        <input aria-label={t('desk.admin.sla.active')} type="checkbox" {...form.register('active')} />
      </td>
      <td>
        <button type="button" className="btn small" onClick={form.handleSubmit(onSave)}>
          {t('desk.common.save')}
        </button>
      </td>
    </tr>
  );
}

/**
 * The unit is a choice among the catalogue's responsible units (the teams), not free text:
 * a typo would make a team of its own that nobody works in.
 */
function catalogueUnits(rules: readonly SlaRule[] | undefined): string[] {
  return [...new Set((rules ?? []).map((r) => r.responsibleUnit))].sort();
}

function NewSlaRuleForm({ onCreate }: { onCreate: (body: CreateSlaRuleRequest) => void }) {
  const { t } = useI18n();
  // The same query (and cache entry) as the panel's list: no second request.
  const units = catalogueUnits(
    useJsonQuery(deskKeys.slaRules, '/api/admin/sla-rules', z.array(slaRuleSchema)).data,
  );
  const form = useZodForm({
    schema: createSlaRuleRequestSchema,
    defaultValues: {
      category: 'other',
      subcase: '',
      label: '',
      responsibleUnit: '',
      priority: 'minor',
      responseMinutes: 120,
      target: 'businessDays',
      amount: 1,
    },
    toRequest: (v: NewRuleValues) =>
      withTarget({
        ...v,
        subcase: v.subcase.trim(),
        label: v.label.trim(),
        responsibleUnit: v.responsibleUnit.trim(),
        caseType: 'escalation',
        active: true,
      }),
    aliases: targetAliases,
  });
  const { errors } = form.formState;
  return (
    <form
      className="inline-form"
      noValidate
      onSubmit={form.handleSubmit(onCreate)}
      data-testid="sla-rule-form"
    >
      <EnumField
        control={form.control}
        name="category"
        label={t('desk.field.category')}
        options={categories}
        optionLabel={(c) => t(`category.${c}`)}
      />
      <Field label={t('desk.field.subcase')} error={errors.subcase}>
        {(a11y) => <input required {...a11y} {...form.register('subcase')} />}
      </Field>
      <Field label={t('desk.admin.sla.label')} error={errors.label}>
        {(a11y) => <input {...a11y} {...form.register('label')} />}
      </Field>
      <EnumField
        control={form.control}
        name="responsibleUnit"
        label={t('desk.field.unit')}
        emptyLabel={t('desk.admin.sla.chooseUnit')}
        options={units}
        optionLabel={(u) => u}
      />
      <EnumField
        control={form.control}
        name="priority"
        label={t('desk.field.priority')}
        options={priorities}
        optionLabel={(p) => t(`desk.priority.${p}`)}
      />
      <Field label={t('desk.admin.sla.response')} error={errors.responseMinutes}>
        {(a11y) => (
          <input
            type="number"
            min={1}
            style={{ width: '5rem' }}
            {...a11y}
            {...form.register('responseMinutes', { valueAsNumber: true })}
          />
        )}
      </Field>
      <Field label={t('desk.field.dueAt')} error={errors.amount}>
        {(a11y) => (
          <span className="row">
            <input
              type="number"
              min={1}
              style={{ width: '4rem' }}
              {...a11y}
              {...form.register('amount', { valueAsNumber: true })}
            />
            {/* A <label> names only its first control; the unit picker carries its own name. */}
            <EnumField
              control={form.control}
              name="target"
              aria-label={t('desk.field.dueAt')}
              options={targets}
              optionLabel={(v) => t(v === 'hours' ? 'desk.admin.sla.hours' : 'desk.admin.sla.businessDays')}
            />
          </span>
        )}
      </Field>
      <button type="submit" className="btn small primary">
        {t('desk.common.add')}
      </button>
    </form>
  );
}
