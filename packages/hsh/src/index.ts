export { default as profile } from "./profile.js";
