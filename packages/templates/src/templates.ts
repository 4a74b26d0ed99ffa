import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ConfigPackage, LocalizedText } from '@mainline/model';

export const templateIds = [
  'main-line',
  'standard-product',
  'promotion-management',
  'complex-sales',
  'membership-management',
  'key-customer',
] as const;

export type TemplateId = (typeof templateIds)[number];

export interface TemplateInfo {
  id: TemplateId;
  /** The way of selling the template follows. */
  summary: LocalizedText;
}

export const templates: readonly TemplateInfo[] = [
  { id: 'main-line', summary: { en: 'The whole CRM main line: market → lead → account/contact → opportunity → quote → product & price → order → service → feedback', 'zh-CN': '完整 CRM 主线：市场 → 线索 → 客户/联系人 → 商机 → 报价 → 产品与价格 → 订单 → 服务 → 反馈' } },
  { id: 'standard-product', summary: { en: 'Catalogue products, short cycle: lead → account → quote → order → service case', 'zh-CN': '标准产品，短周期：线索 → 客户 → 报价 → 订单 → 服务工单' } },
  { id: 'promotion-management', summary: { en: 'Field promoters visit outlets and report market data: territory → outlet → visit plan → visit report → analysis', 'zh-CN': '促销管理：区域 → 网点 → 拜访计划 → 拜访报告 → 市场分析' } },
  { id: 'complex-sales', summary: { en: 'Projects with many stakeholders and a long cycle: lead → account/contacts → opportunity stages → quote approval → order', 'zh-CN': '复杂销售：线索 → 客户/联系人 → 商机阶段 → 报价审批 → 订单' } },
  { id: 'membership-management', summary: { en: 'Members, plans, renewals and loyalty: member → plan → visit/consumption → renewal → feedback', 'zh-CN': '会员管理：会员 → 套餐 → 到店/消费 → 续费 → 反馈' } },
  { id: 'key-customer', summary: { en: 'Few large accounts, service-heavy: key account plan → contact map → opportunities → service tickets with SLA', 'zh-CN': '大客户：客户计划 → 联系人地图 → 商机 → 带 SLA 的服务工单' } },
];

export function templatePath(id: TemplateId): string {
  return fileURLToPath(new URL(`../templates/${id}.json`, import.meta.url));
}

/** Reads a template. Templates are validated by the test suite, so the cast is checked there. */
export function loadTemplate(id: TemplateId): ConfigPackage {
  return JSON.parse(readFileSync(templatePath(id), 'utf8')) as ConfigPackage;
}
