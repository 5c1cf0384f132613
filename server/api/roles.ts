// Who may do what, written once as data (issue 14, "Accounts and roles"). The issue gives each role its records:
// admin — users; planner — parcel status, 整治 cases, block plans; investment — demands, projects; viewer — reads.
// So the 招引需求清单 (demands) is written by investment, and by admin, who answers for the whole workspace; a
// planner reads it like everyone logged in but does not change the investment office's list. Kinds added later
// (parcel status, cases, …) get their own rows here, and every handler asks `can(role, permission)`.
import type { UsersTable } from '../workspace/schema.ts';

export type Role = UsersTable['role'];
export const ROLES: readonly Role[] = ['admin', 'planner', 'investment', 'viewer'];

export type Permission =
  | 'demands:read'
  | 'demands:write'
  | 'parcel_status:read'
  | 'parcel_status:write'
  | 'imports:read'
  | 'imports:write'
  | 'cases:read'
  | 'cases:write'
  | 'projects:read'
  | 'projects:write'
  | 'blocks:read'
  | 'blocks:write'
  | 'standard_land:read'
  | 'standard_land:write'
  | 'parcels:read'
  | 'publish'
  | 'users:manage';

export const PERMISSIONS: Record<Permission, readonly Role[]> = {
  'demands:read': ['admin', 'planner', 'investment', 'viewer'],
  'demands:write': ['admin', 'investment'],
  // Parcel status is the planners' record; publishing rebuilds the served data with it (admin answers for it too).
  'parcel_status:read': ['admin', 'planner', 'investment', 'viewer'],
  'parcel_status:write': ['admin', 'planner'],
  // Layers imported in the app (issue 13): the planners' own files, checked against the rules; everyone reads them.
  'imports:read': ['admin', 'planner', 'investment', 'viewer'],
  'imports:write': ['admin', 'planner'],
  // The campaign's registers (issue 15). Everyone logged in reads them: the working meeting looks at all of them.
  // The 高耗低效整治企业清单 (cases) is run by the planners (闭环管理 of each firm's route, 合格销号).
  'cases:read': ['admin', 'planner', 'investment', 'viewer'],
  'cases:write': ['admin', 'planner'],
  // 项目全周期 is the investment office's (投促中心): it signs the projects and answers for their nodes; planners read.
  'projects:read': ['admin', 'planner', 'investment', 'viewer'],
  'projects:write': ['admin', 'investment'],
  // 一区块一方案 and the 小微企业园 are land and renovation work: the planners'.
  'blocks:read': ['admin', 'planner', 'investment', 'viewer'],
  'blocks:write': ['admin', 'planner'],
  // 标准地 agreements come with the land supplied (自然资源和规划局): the planners keep them and record the checks.
  'standard_land:read': ['admin', 'planner', 'investment', 'viewer'],
  'standard_land:write': ['admin', 'planner'],
  // The internal parcel data (enterprise names in search, like internal/ behind the login): everyone logged in.
  'parcels:read': ['admin', 'planner', 'investment', 'viewer'],
  publish: ['admin', 'planner'],
  'users:manage': ['admin'],
};

/** The record kinds (records.kind) a role may read, for feeds that span kinds such as /api/changes. */
export const READ_PERMISSION_OF_KIND: Record<string, Permission> = {
  demand: 'demands:read',
  parcel_status: 'parcel_status:read',
  imported_layer: 'imports:read',
  case: 'cases:read',
  project: 'projects:read',
  block_plan: 'blocks:read',
  small_park: 'blocks:read',
  standard_land: 'standard_land:read',
};

export function can(role: Role, permission: Permission): boolean {
  return PERMISSIONS[permission].includes(role);
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}
