export { type PythonResolution, resolvePython } from "./interpreter.js";
export { default as profile } from "./profile.js";
export { loadRuntime, type PythonRuntime } from "./runtime.js";
