#!/usr/bin/env node
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runHost } from "@hsandbox/core";
import profile from "./profile.js";

runHost(profile, process.argv.slice(2), resolve(dirname(fileURLToPath(import.meta.url)), ".."));
