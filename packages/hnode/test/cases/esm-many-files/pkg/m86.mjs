import { one } from "./one.mjs";
export const v86 = one;
