import { one } from "./one.mjs";
export const v32 = one;
