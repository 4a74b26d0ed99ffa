import { assignRole, type AssignRoleInput } from '../../operations/org/assign-role.ts';
import { createOrgUnit, type CreateOrgUnitInput } from '../../operations/org/create-org-unit.ts';
import { createUser, type CreateUserInput } from '../../operations/org/create-user.ts';
import { disableUser, enableUser } from '../../operations/org/disable-user.ts';
import { importOrgUnits } from '../../operations/org/import-org-units.ts';
import { importUsers } from '../../operations/org/import-users.ts';
import type { ImportInput } from '../../operations/org/lib/import-report.ts';
import { listOrgUnits, type ListOrgUnitsInput } from '../../operations/org/list-org-units.ts';
import { listUsers, type ListUsersInput } from '../../operations/org/list-users.ts';
import { retireOrgUnit } from '../../operations/org/retire-org-unit.ts';
import { setUserPermissions, type SetUserPermissionsInput } from '../../operations/org/set-user-permissions.ts';
import { unassignRole, type UnassignRoleInput } from '../../operations/org/unassign-role.ts';
import { updateOrgUnit, type UpdateOrgUnitInput } from '../../operations/org/update-org-unit.ts';
import { importOutcome } from '../import-outcome.ts';
import { createUserBody, listUsersQuery, setPermissionsInput, userIdInput } from '../schemas/admin-user-schemas.ts';
import { assignRoleBody, createOrgUnitBody, importCsvInput, listOrgUnitsQuery, unassignRoleInput, unitIdInput, updateOrgUnitInput } from '../schemas/org-schemas.ts';
import { ajvInput } from './ajv-input.ts';
import { protectedProcedure, router } from './trpc.ts';

type UnitId = Pick<UpdateOrgUnitInput, 'unitId'>;
type UserId = Pick<SetUserPermissionsInput, 'userId'>;

/** The same organisation operations as REST /api/v1/org and /api/v1/admin/users, for the apps. */
export const orgRouter = router({
  units: router({
    list: protectedProcedure.input(ajvInput<ListOrgUnitsInput>(listOrgUnitsQuery)).query(({ ctx, input }) => listOrgUnits(ctx.operation, input)),
    create: protectedProcedure.input(ajvInput<CreateOrgUnitInput>(createOrgUnitBody)).mutation(({ ctx, input }) => createOrgUnit(ctx.operation, input)),
    update: protectedProcedure.input(ajvInput<UpdateOrgUnitInput>(updateOrgUnitInput)).mutation(({ ctx, input }) => updateOrgUnit(ctx.operation, input)),
    retire: protectedProcedure.input(ajvInput<UnitId>(unitIdInput)).mutation(({ ctx, input }) => retireOrgUnit(ctx.operation, input)),
    import: protectedProcedure.input(ajvInput<ImportInput>(importCsvInput)).mutation(async ({ ctx, input }) => importOutcome(await importOrgUnits(ctx.operation, input))),
  }),
  users: router({
    list: protectedProcedure.input(ajvInput<ListUsersInput>(listUsersQuery)).query(({ ctx, input }) => listUsers(ctx.operation, input)),
    create: protectedProcedure.input(ajvInput<CreateUserInput>(createUserBody)).mutation(({ ctx, input }) => createUser(ctx.operation, input)),
    setPermissions: protectedProcedure.input(ajvInput<SetUserPermissionsInput>(setPermissionsInput)).mutation(({ ctx, input }) => setUserPermissions(ctx.operation, input)),
    disable: protectedProcedure.input(ajvInput<UserId>(userIdInput)).mutation(({ ctx, input }) => disableUser(ctx.operation, input)),
    enable: protectedProcedure.input(ajvInput<UserId>(userIdInput)).mutation(({ ctx, input }) => enableUser(ctx.operation, input)),
    import: protectedProcedure.input(ajvInput<ImportInput>(importCsvInput)).mutation(async ({ ctx, input }) => importOutcome(await importUsers(ctx.operation, input))),
  }),
  roles: router({
    assign: protectedProcedure.input(ajvInput<AssignRoleInput>(assignRoleBody)).mutation(({ ctx, input }) => assignRole(ctx.operation, input)),
    unassign: protectedProcedure.input(ajvInput<UnassignRoleInput>(unassignRoleInput)).mutation(({ ctx, input }) => unassignRole(ctx.operation, input)),
  }),
});
