import { one } from "./one.mjs";
export const v38 = one;
