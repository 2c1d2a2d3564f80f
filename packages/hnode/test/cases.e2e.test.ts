import { caseSuite } from "../../../tools/e2e/suite.js";

caseSuite("hnode", import.meta.dirname);
