package dev.berth.api.backend;

/** POST /containers/{id}/attach query, parsed. */
public record AttachOptions(boolean stream, boolean logs, boolean stdin, boolean stdout, boolean stderr) {}
