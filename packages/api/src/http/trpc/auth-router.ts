import { changePassword, type ChangePasswordInput } from '../../operations/auth/change-password.ts';
import { createApiToken, type CreateApiTokenInput } from '../../operations/auth/create-api-token.ts';
import { currentSession } from '../../operations/auth/current-session.ts';
import { listApiTokens, type ListApiTokensInput } from '../../operations/auth/list-api-tokens.ts';
import { login, type LoginInput } from '../../operations/auth/login.ts';
import { logout } from '../../operations/auth/logout.ts';
import { revokeApiToken, type RevokeApiTokenInput } from '../../operations/auth/revoke-api-token.ts';
import { changePasswordBody, loginBody } from '../schemas/auth-schemas.ts';
import { createApiTokenBody, listApiTokensQuery, revokeApiTokenInput } from '../schemas/token-schemas.ts';
import { clearSessionCookies, setSessionCookies } from '../session-cookies.ts';
import { ajvInput } from './ajv-input.ts';
import { protectedProcedure, publicProcedure, router, signedInProcedure } from './trpc.ts';

/** The same auth operations as REST /api/v1/auth, for the apps. */
export const authRouter = router({
  login: publicProcedure.input(ajvInput<LoginInput>(loginBody)).mutation(async ({ ctx, input }) => {
    const { user, session } = await login(ctx.operation, input);
    setSessionCookies(ctx.request, ctx.reply, ctx.cookies, session);
    return { user, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
  }),
  logout: signedInProcedure.mutation(async ({ ctx }) => {
    await logout(ctx.operation);
    clearSessionCookies(ctx.request, ctx.reply, ctx.cookies);
  }),
  session: signedInProcedure.query(({ ctx }) => currentSession(ctx.operation)),
  changePassword: signedInProcedure.input(ajvInput<ChangePasswordInput>(changePasswordBody)).mutation(({ ctx, input }) => changePassword(ctx.operation, input)),
  tokens: router({
    list: protectedProcedure.input(ajvInput<ListApiTokensInput>(listApiTokensQuery)).query(({ ctx, input }) => listApiTokens(ctx.operation, input)),
    create: protectedProcedure.input(ajvInput<CreateApiTokenInput>(createApiTokenBody)).mutation(({ ctx, input }) => createApiToken(ctx.operation, input)),
    revoke: protectedProcedure.input(ajvInput<RevokeApiTokenInput>(revokeApiTokenInput)).mutation(({ ctx, input }) => revokeApiToken(ctx.operation, input)),
  }),
});
