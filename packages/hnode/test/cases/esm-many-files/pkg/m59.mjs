import { one } from "./one.mjs";
export const v59 = one;
