import { one } from "./one.mjs";
export const v71 = one;
