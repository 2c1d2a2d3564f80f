import { one } from "./one.mjs";
export const v49 = one;
