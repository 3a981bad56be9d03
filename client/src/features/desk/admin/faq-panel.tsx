/**
 * FAQ editor (issue 14, DESIGN section 9): admins write the articles merchants read
 * offline and are offered on the complaint form. One form creates or, with "Ubah",
 * edits; deleting asks first. Changes replicate to phones through `faq_articles`.
 */
import {
  type Category,
  type CreateFaqRequest,
  categories,
  type FaqLocale,
  faqArticleSchema,
  faqLocales,
} from '@edc/shared';
import { useState } from 'react';
import { z } from 'zod';
import { EnumSelect } from '../../../components/enum-select.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useSession } from '../../../shell/providers.tsx';
import { deskKeys, useCommand, useJsonQuery } from '../desk-query.tsx';
import { AdminTable, ConfirmedDelete } from './admin-table.tsx';
import { CommandNotice } from './command-notice.tsx';

const ok = z.object({ ok: z.literal(true) });

type Draft = { id?: string; category: Category | ''; locale: FaqLocale; question: string; answer: string };
const EMPTY: Draft = { category: '', locale: 'id', question: '', answer: '' };

type FaqCommand = { kind: 'save'; draft: Draft } | { kind: 'delete'; id: string };

export function FaqPanel() {
  const { t } = useI18n();
  const { api } = useSession();
  const articles = useJsonQuery(deskKeys.faq, '/api/admin/faq', z.array(faqArticleSchema));
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const command = useCommand(
    (c: FaqCommand): Promise<unknown> => {
      if (c.kind === 'delete') return api.json(`/api/admin/faq/${c.id}`, ok, { method: 'DELETE' });
      const { id, category, ...rest } = c.draft;
      if (id)
        return api.json(`/api/admin/faq/${id}`, faqArticleSchema, {
          method: 'PUT',
          json: { ...rest, category: category || null },
        });
      const body: CreateFaqRequest = { ...rest, ...(category ? { category } : {}) };
      return api.json('/api/admin/faq', faqArticleSchema, { json: body });
    },
    {
      stale: [deskKeys.faq],
      onSuccess: (_r, c) => {
        if (c.kind === 'save') setDraft(EMPTY);
      },
    },
  );
  const tooShort = draft.question.trim().length < 3 || draft.answer.trim().length < 3;
  return (
    <section data-testid="admin-faq">
      <form
        className="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!tooShort) command.mutate({ kind: 'save', draft });
        }}
      >
        <div className="inline-form">
          <EnumSelect
            label={t('desk.admin.faq.category')}
            value={draft.category}
            options={categories}
            optionLabel={(c) => t(`category.${c}`)}
            emptyLabel={t('faq.general')}
            onChange={(category) => setDraft({ ...draft, category })}
          />
          <EnumSelect
            label={t('desk.admin.faq.locale')}
            value={draft.locale}
            options={faqLocales}
            optionLabel={(l) => t(`desk.admin.faq.locale.${l}`)}
            onChange={(locale) => setDraft({ ...draft, locale: locale || 'id' })}
          />
        </div>
        <label>
          {t('desk.admin.faq.question')}
          <input
            required
            maxLength={300}
            value={draft.question}
            onChange={(e) => setDraft({ ...draft, question: e.target.value })}
          />
        </label>
        <label>
          {t('desk.admin.faq.answer')}
          <textarea
            required
            rows={4}
            maxLength={4000}
            value={draft.answer}
            onChange={(e) => setDraft({ ...draft, answer: e.target.value })}
          />
        </label>
        <div className="row">
          <button type="submit" className="btn small primary" disabled={tooShort || command.isPending}>
            {draft.id ? t('desk.admin.faq.save') : t('desk.common.add')}
          </button>
          {draft.id && (
            <button type="button" className="btn small" onClick={() => setDraft(EMPTY)}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>
      <CommandNotice command={command} />
      <AdminTable
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
              onClick={() =>
                setDraft({
                  id: a.id,
                  category: a.category ?? '',
                  locale: a.locale,
                  question: a.question,
                  answer: a.answer,
                })
              }
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
