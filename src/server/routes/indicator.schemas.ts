// Schemas of the indicator answers (portrait, values, similar territories), for the OpenAPI document. They describe
// the types of src/core/indicators (Portrait, IndicatorValue) that the services return.
import { z } from '@hono/zod-openapi';
import { TerritorySchema } from './common.schemas.js';

export const StatusSchema = z.enum(['ok', 'partial', 'secret', 'missing', 'not_aggregable']).openapi({
  description: 'ok ; partial (des communes couvertes par le secret ou sans donnée, listées dans missing) ; secret ; missing ; not_aggregable',
});

const Terms = z.array(z.string()).openapi({ description: 'variables additionnées ; « -X » soustrait X, « X@2016 » fixe un millésime' });
const Years = z.tuple([z.number(), z.number()]).optional().openapi({ description: 'millésimes [début, fin] imposés' });

/** The formula as data, one of the kinds of the library (core/indicators/indicator.types.ts `Formula`). */
const FormulaSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('stock'), terms: Terms }),
    z.object({ kind: z.literal('share'), numerator: Terms, denominator: Terms, otherwise: Terms.optional() }),
    z.object({ kind: z.literal('ratio'), numerator: Terms, denominator: Terms, factor: z.number(), otherwise: Terms.optional() }),
    z.object({ kind: z.literal('density'), terms: Terms, area: z.string() }),
    z.object({ kind: z.literal('evolution'), terms: Terms, years: Years, span: z.number().optional() }),
    z.object({ kind: z.literal('difference'), terms: Terms, years: Years, span: z.number().optional() }),
    z.object({ kind: z.literal('evolution_component'), terms: Terms, component: Terms, rest: z.boolean().optional(), span: z.number().optional() }),
    z.object({ kind: z.literal('published'), variable: z.string() }),
  ])
  .openapi('Formule', { description: 'la formule en données : sa sorte (stock, part, ratio, densité, évolution…) et ses variables' });

export const IndicatorValueSchema = z
  .object({
    name: z.string(),
    territory: z.string(),
    millesime: z.number().nullable(),
    period: z.tuple([z.number(), z.number()]).optional(),
    cumulated: z.tuple([z.number(), z.number()]).optional().openapi({ description: 'pour un compte cumulé sur une période (solde naturel 2016-2021) : ses années de début et de fin' }),
    value: z.number().nullable(),
    unit: z.string(),
    status: StatusSchema,
    parts: z
      .object({ numerator: z.number(), denominator: z.number(), component: z.number().optional() })
      .optional()
      .openapi({ description: 'sommes du calcul : numérateur et dénominateur (pour une évolution, la valeur de la fin et celle du début) ; component pour la part d’une évolution (naissances moins décès de la période)' }),
    missing: z.object({ count: z.number(), communes: z.array(z.string()) }).optional(),
    coverage: z.number().optional().openapi({ description: 'valeur partielle : part (0–1) des habitants du territoire dans les communes renseignées' }),
    sources: z.array(z.object({ dataset: z.string(), datasetId: z.number().optional(), millesime: z.number() })),
    note: z.string().optional().openapi({ description: 'pourquoi une valeur manque alors que ses données sont chargées (un dénominateur nul : rapport non défini)' }),
  })
  .openapi('Valeur');

const ReferenceValue = z.object({
  territory: z.string(),
  name: z.string(),
  value: z.number().nullable(),
  status: StatusSchema,
  millesime: z.number().nullable(),
  coverage: z
    .number()
    .optional()
    .openapi({
      description:
        'part (0–1) des habitants de la référence dans les communes renseignées, quand toutes ne le sont pas ; sous 0,9 la valeur ne représente pas la référence : value vaut null et status missing dans le portrait (socle value la donne, partielle)',
    }),
});
const Rank = z.object({ within: z.string(), rank: z.number(), count: z.number(), percentile: z.number() });

export const PortraitIndicatorSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    domain: z.string(),
    unit: z.string(),
    polarity: z.enum(['higher_is_better', 'higher_is_worse', 'neutral']),
    decimals: z.number(),
    value: IndicatorValueSchema,
    references: z.array(ReferenceValue),
    ranks: z.array(Rank),
    evolution: z.object({ from: z.number(), to: z.number(), valueFrom: z.number().nullable(), valueTo: z.number().nullable(), change: z.number().nullable() }).nullable(),
    sentence: z.string().nullable(),
  })
  .openapi('IndicateurDuPortrait');

export const PortraitSchema = z
  .object({
    territory: TerritorySchema,
    references: z.array(z.object({ territory: z.string(), name: z.string() })),
    domains: z.array(z.object({ id: z.string(), label: z.string(), indicators: z.array(PortraitIndicatorSchema) })),
    sources: z.array(
      z.object({
        datasetId: z.number(),
        title: z.string(),
        source: z.string(),
        producer: z.string(),
        millesimes: z.array(z.number()),
        cogYear: z.number(),
        licence: z.string(),
        fileName: z.string(),
        sha256: z.string(),
        importedAt: z.string(),
      }),
    ),
  })
  .openapi('Portrait');

export const SimilarSchema = z
  .object({
    territory: z.object({ ref: z.string(), name: z.string() }),
    indicators: z.array(z.object({ id: z.string(), label: z.string() })),
    similar: z.array(
      z.object({
        ref: z.string(),
        name: z.string(),
        distance: z.number(),
        close: z.array(z.object({ id: z.string(), label: z.string(), value: z.number(), other: z.number() })),
        reason: z.string(),
        compared: z.number(),
      }),
    ),
  })
  .openapi('TerritoiresSemblables');

export const IndicatorListingSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    shortLabel: z.string(),
    domain: z.string(),
    domainLabel: z.string(),
    publics: z.array(z.string()),
    unit: z.string(),
    polarity: z.string(),
    decimals: z.number(),
    formula: z.string(),
    formulaSpec: FormulaSchema,
    variables: z.array(z.string()),
    sources: z.array(z.object({ label: z.string(), producer: z.string() })),
    definition: z.string(),
    millesime: z.number().nullable(),
  })
  .openapi('Indicateur');

export const IndicatorValuesSchema = z
  .object({
    indicator: IndicatorListingSchema.pick({ id: true, label: true, shortLabel: true, domain: true, domainLabel: true, unit: true, polarity: true, decimals: true, formula: true, definition: true, sources: true }),
    within: z.object({ ref: z.string(), name: z.string(), kind: z.string() }),
    level: z.enum(['com', 'epci', 'dep']),
    levelLabel: z.string(),
    millesime: z.number().nullable(),
    period: z.tuple([z.number(), z.number()]).optional(),
    cumulated: z.tuple([z.number(), z.number()]).optional(),
    classes: z.object({ method: z.string(), breaks: z.array(z.number()), labels: z.array(z.string()), counts: z.array(z.number()) }),
    values: z.array(
      z.object({
        ref: z.string(),
        name: z.string(),
        value: z.number().nullable(),
        status: StatusSchema,
        coverage: z.number().optional().openapi({ description: 'valeur partielle : part (0–1) des habitants du territoire dans les communes renseignées' }),
        note: z.string().optional().openapi({ description: 'rapport non défini : données chargées, dénominateur nul' }),
        class: z.number(),
        departement: z.string(),
        rank: z.number().nullable().openapi({ description: '1 pour la plus forte valeur ; null sans valeur, ou pour une valeur partielle couvrant moins de 90 % des habitants' }),
      }),
    ),
    datasets: z.array(z.object({ dataset: z.string(), datasetId: z.number().optional(), millesime: z.number() })),
  })
  .openapi('ValeursIndicateur');
