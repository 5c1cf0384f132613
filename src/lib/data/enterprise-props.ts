// Enterprise records come from tax/statistics exports; each row is checked field by field with the same field readers
// as the layers, so a "true" in text is read as true, a negative head count is refused, and an industry the policy
// does not know is named rather than quietly judged as `general`.
import { INDUSTRIES, type Enterprise, type Industry } from './schema.ts';
import { FieldError, industryField, optBool, optNumber, optString, reqString, run, show, type PropsResult } from './props.ts';

/** What an enterprise row is checked against: the policy's industries and exempt kinds, the chains if known. */
export interface EnterpriseContext {
  industries: readonly string[];
  exemptKinds: readonly string[];
  /** chain id → its link ids (from chains.json); absent: chain and link are taken as given. */
  chains?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** 统一社会信用代码: 18 characters of the code's alphabet (digits and capitals without I, O, S, V, Z). */
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** Tax and value added may be negative (refunds, losses); every other figure is a count or an amount ≥ 0. */
const SIGNED = ['tax_10k', 'value_added_10k'] as const;
const UNSIGNED = ['revenue_10k', 'rd_10k', 'energy_tce', 'emissions_t', 'co2_t'] as const;

export function parseEnterprise(raw: unknown, ctx: EnterpriseContext = { industries: INDUSTRIES, exemptKinds: [] }): PropsResult<Enterprise> {
  return run(raw, (r) => {
    const id = reqString(r, 'id');
    // A firm's name is text; a number here is a shifted column, not a name.
    if (typeof r['name'] !== 'string') throw new FieldError(`field "name" is required (text), got ${show(r['name'])}`);
    const name = reqString(r, 'name');
    const credit = optString(r, 'credit_code');
    if (credit !== null && !CREDIT_CODE.test(credit)) {
      throw new FieldError(`field "credit_code" = ${show(credit)} is not an 18-character 统一社会信用代码`);
    }
    // An absent figure counts as 0 (documented in README); a present one must be a number.
    const figure = (k: string, min: number) => optNumber(r, k, min, Number.MAX_VALUE) ?? 0;
    const signed = Object.fromEntries(SIGNED.map((k) => [k, figure(k, -Number.MAX_VALUE)])) as Record<(typeof SIGNED)[number], number>;
    const unsigned = Object.fromEntries(UNSIGNED.map((k) => [k, figure(k, 0)])) as Record<(typeof UNSIGNED)[number], number>;
    const employees = figure('employees', 0);
    if (!Number.isInteger(employees)) throw new FieldError(`field "employees" must be a whole number, got ${show(r['employees'])}`);
    const exempt = optString(r, 'evaluation_exempt');
    if (exempt !== null && !ctx.exemptKinds.includes(exempt)) {
      throw new FieldError(`field "evaluation_exempt" = ${show(exempt)} is not an exempt kind of the policy (${ctx.exemptKinds.join(', ') || 'none'})`);
    }
    const chain = optString(r, 'chain');
    const link = optString(r, 'link');
    if (link !== null && chain === null) throw new FieldError('field "link" is set but "chain" is not');
    if (ctx.chains && chain !== null) {
      const links = ctx.chains.get(chain);
      if (!links) throw new FieldError(`field "chain" = ${show(chain)} is not a chain of chains.json (${[...ctx.chains.keys()].join(', ')})`);
      if (link !== null && !links.has(link)) throw new FieldError(`field "link" = ${show(link)} is not a link of chain "${chain}" (${[...links].join(', ')})`);
    }
    return {
      id,
      name,
      credit_code: credit ?? '',
      above_scale: optBool(r, 'above_scale') ?? false,
      industry: industryField(r, 'industry', ctx.industries) as Industry,
      chain,
      link,
      anchor: optBool(r, 'anchor') ?? false,
      // Kept as given; the policy decides whether the kind is exempt from the 亩均 evaluation.
      evaluation_exempt: exempt,
      ...signed,
      ...unsigned,
      employees,
    };
  });
}
