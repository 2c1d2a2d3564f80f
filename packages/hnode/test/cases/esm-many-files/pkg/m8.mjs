import { one } from "./one.mjs";
export const v8 = one;
