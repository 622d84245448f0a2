/**
 * Bearer-token authentication for `argosy server` (see ARCHITECTURE.md, "Auth"): modes, the
 * middleware, the pure access check the routes use, the token file and log redaction.
 */
export {
  type AuthInfo,
  checkAccess,
  namespacesOf,
  serverModeAuth,
  type Target,
  targetOf,
  type Verb,
} from "./access.js";
export {
  type AuthEnv,
  type AuthMiddlewareOptions,
  areaOf,
  authMiddleware,
  forbidden,
  grpcErrorBody,
  presentedToken,
  tokenNotValidMessage,
} from "./middleware.js";
export { type AuthMode, authModes, checkBindAllowed, isLoopbackHost, parseAuthMode } from "./mode.js";
export { redact } from "./redact.js";
export {
  hashToken,
  type Role,
  readTokenFile,
  roles,
  type TokenEntry,
  tokenFilePath,
  writeTokenFile,
} from "./token-file.js";
export { TokenRegistry } from "./token-registry.js";
export {
  createToken,
  deleteToken,
  isExpired,
  listTokens,
  parseExpires,
  parseNamespaces,
  tokenPrefix,
} from "./tokens.js";
