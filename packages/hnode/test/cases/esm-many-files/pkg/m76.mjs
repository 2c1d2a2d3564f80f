import { one } from "./one.mjs";
export const v76 = one;
