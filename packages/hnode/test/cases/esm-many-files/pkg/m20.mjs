import { one } from "./one.mjs";
export const v20 = one;
