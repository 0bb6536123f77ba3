/*
 * The model image: the arrays of a loaded model saved beside the case
 * file as CASE-model and mapped when the same view is opened again, so
 * that a large case opens without reading every node and edge row.
 *
 * The image is a cache. It names the snapshots it was built from and
 * the join rules that ran; an image whose snapshots, rules, format
 * version or owner differ, or whose arrays fail the bounds checks, is
 * ignored and the model is read from the case. Only the current view of
 * a case file on disk is saved, and only when the joins added nothing
 * (their nodes and edges carry text the image does not hold).
 */
#ifndef MODEL_IMAGE_H
#define MODEL_IMAGE_H

struct model;
struct store;

/*
 * Map the image of the store's view into a new model. Returns 0 and sets
 * *out, or -1 when there is no usable image (the reason is logged), in
 * which case the caller reads the case.
 */
int	 model_image_load(struct store *, unsigned join_mask,
	    struct model **out);

/*
 * Save m as the image of the store's view, replacing an older one. A
 * failure only costs the next open its speed, so it is logged, not
 * returned.
 */
void	 model_image_save(struct store *, struct model *, unsigned join_mask);

/* Unmap the image a model was loaded from. */
void	 model_image_unmap(struct model *);

#endif
