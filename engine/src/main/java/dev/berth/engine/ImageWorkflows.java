package dev.berth.engine;

import dev.berth.actors.image.ImageArchiveWorkflow;
import dev.berth.actors.image.ImageCommitWorkflow;
import dev.berth.actors.image.ImageGc;
import dev.berth.actors.image.ImagePullWorkflow;
import dev.berth.actors.image.ImagePushWorkflow;
import dev.berth.image.LayerStore;
import dev.berth.registry.AuthChecker;
import dev.berth.registry.IndexSearch;
import dev.berth.registry.RemoteInspect;

/** The image workflows the images backend drives, built once by the daemon. */
public record ImageWorkflows(ImagePullWorkflow pull, ImagePushWorkflow push, ImageArchiveWorkflow archives,
                             ImageCommitWorkflow commits, ImageGc gc, AuthChecker auth, LayerStore layers,
                             RemoteInspect remote, IndexSearch search) {}
