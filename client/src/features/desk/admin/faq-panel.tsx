/**
 * FAQ editor (issue 14, DESIGN section 9): admins write the articles merchants read
 * offline and are offered on the complaint form. One form (react-hook-form with the shared
 * `createFaqRequestSchema`) creates or, with "Ubah", edits; deleting asks first. Changes replicate to phones through `faq_articles`.
 */
import {
  type Category,
  type CreateFaqRequest,
  categories,
  createFaqRequestSchema,
  type FaqLocale,
  faqArticleSchema,
  faqLocales,
} from '@edc/shared';
import { useState } from 'react';
import { z } from 'zod';
import { Field } from '../../../components/field.tsx';
import { EnumField, useZodForm } from '../../../components/form.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useSession } from '../../../shell/providers.tsx';
import { deskKeys, useCommand, useJsonQuery } from '../desk-query.tsx';
import { AdminTable, ConfirmedDelete } from './admin-table.tsx';
import { CommandNotice } from './command-notice.tsx';

const ok = z.object({ ok: z.literal(true) });

/** The form's values: "general" is the empty category. */
type FaqValues = { category: Category | ''; locale: FaqLocale; question: string; answer: string };
const EMPTY: FaqValues = { category: '', locale: 'id', question: '', answer: '' };

/** Saving creates an article, or with `id` replaces the edited one's fields. */
type FaqCommand =
  | { kind: 'save'; id: string | null; body: CreateFaqRequest }
  | { kind: 'delete'; id: string };

export function FaqPanel() {
  const { t } = useI18n();
  const { api } = useSession();
  const articles = useJsonQuery(deskKeys.faq, '/api/admin/faq', z.array(faqArticleSchema));
  // The article being edited; null while the form writes a new one.
  const [editing, setEditing] = useState<string | null>(null);
  const form = useZodForm({
    schema: createFaqRequestSchema,
    defaultValues: EMPTY,
    toRequest: ({ category, ...rest }: FaqValues) => ({ ...rest, ...(category ? { category } : {}) }),
  });
  const startNew = () => {
    setEditing(null);
    form.reset(EMPTY);
  };
  const command = useCommand(
    (c: FaqCommand): Promise<unknown> => {
      if (c.kind === 'delete') return api.json(`/api/admin/faq/${c.id}`, ok, { method: 'DELETE' });
      if (c.id)
        return api.json(`/api/admin/faq/${c.id}`, faqArticleSchema, {
          method: 'PUT',
          // The update names every field: no category makes the article general again.
          json: { ...c.body, category: c.body.category ?? null },
        });
      return api.json('/api/admin/faq', faqArticleSchema, { json: c.body });
    },
    {
      stale: [deskKeys.faq],
      onSuccess: (_r, c) => {
        if (c.kind === 'save') startNew();
        // The edited article is gone: the form goes back to writing a new one.
        if (c.kind === 'delete' && c.id === editing) startNew();
      },
    },
  );
  const { errors } = form.formState;
  return (
    <section data-testid="admin-faq">
      <form
        className="stack"
        data-testid="faq-form"
        noValidate
        onSubmit={form.handleSubmit((body) => command.mutate({ kind: 'save', id: editing, body }))}
      >
        <div className="inline-form">
          <EnumField
            control={form.control}
            name="category"
            label={t('desk.admin.faq.category')}
            options={categories}
            optionLabel={(c) => t(`category.${c}`)}
            emptyLabel={t('faq.general')}
          />
          <EnumField
            control={form.control}
            name="locale"
            label={t('desk.admin.faq.locale')}
            options={faqLocales}
            optionLabel={(l) => t(`desk.admin.faq.locale.${l}`)}
          />
        </div>
        <Field label={t('desk.admin.faq.question')} error={errors.question}>
          {(a11y) => <input maxLength={300} {...a11y} {...form.register('question')} />}
        </Field>
        <Field label={t('desk.admin.faq.answer')} error={errors.answer}>
          {(a11y) => <textarea rows={4} maxLength={4000} {...a11y} {...form.register('answer')} />}
        </Field>
        <div className="row">
          <button type="submit" className="btn small primary" disabled={command.isPending}>
            {editing ? t('desk.admin.faq.save') : t('desk.common.add')}
          </button>
          {editing && (
            <button type="button" className="btn small" onClick={startNew}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>
      <CommandNotice command={command} />
      <AdminTable
        label={t('desk.admin.tab.faq')}
        query={articles}
        testId="faq-table"
        columns={[
          {
            header: t('desk.admin.faq.category'),
            cell: (a) => (a.category ? t(`category.${a.category}`) : t('faq.general')),
          },
          { header: t('desk.admin.faq.locale'), cell: (a) => a.locale.toUpperCase(), data: true },
          { header: t('desk.admin.faq.question'), cell: (a) => a.question, data: true },
        ]}
        rowKey={(a) => a.id}
        rowAttributes={(a) => ({ 'data-testid': 'faq-row', 'data-article-id': a.id })}
        actions={(a) => (
          <>
            <button
              type="button"
              className="btn small"
              onClick={() => {
                setEditing(a.id);
                form.reset({
                  category: a.category ?? '',
                  locale: a.locale,
                  question: a.question,
                  answer: a.answer,
                });
              }}
            >
              {t('desk.admin.faq.edit')}
            </button>
            <ConfirmedDelete
              title={t('desk.admin.faq.deleteTitle')}
              body={a.question}
              testId="faq-delete-confirm"
              onConfirm={() => command.mutate({ kind: 'delete', id: a.id })}
            />
          </>
        )}
        empty={t('desk.admin.faq.none')}
      />
    </section>
  );
}
