export { hasPermissionModel, nodeArgv, parseNodeVersion, permissionFlags } from "./node-flags.js";
export { nearestPackageJson } from "./package-scope.js";
export { default as profile } from "./profile.js";
