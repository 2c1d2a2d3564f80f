import { one } from "./one.mjs";
export const v25 = one;
