export { login, type LoginInput, type LoginResult } from './login.ts';
export { logout } from './logout.ts';
export { changePassword, type ChangePasswordInput } from './change-password.ts';
export { currentSession, type CurrentSession } from './current-session.ts';
export { createApiToken, type CreateApiTokenInput, type CreatedApiToken } from './create-api-token.ts';
export { listApiTokens, type ListApiTokensInput } from './list-api-tokens.ts';
export { revokeApiToken, type RevokeApiTokenInput } from './revoke-api-token.ts';
export type { ApiTokenSummary } from './api-token-summary.ts';
export type { SignedInUser } from './signed-in-user.ts';
