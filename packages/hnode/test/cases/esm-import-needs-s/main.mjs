import { msg } from "./helper.mjs";
console.log(msg, import.meta.url.endsWith("/main.mjs"));
