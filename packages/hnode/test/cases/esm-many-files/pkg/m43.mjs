import { one } from "./one.mjs";
export const v43 = one;
