"""Multinomial logistic regression fitted with L-BFGS in numpy (faq/train.py's optimiser)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]


def lbfgs_logreg(
    design: tuple[Floats, ...],
    n: int,
    n_features: int,
    y: npt.NDArray[np.int64],
    k: int,
    dense: Floats | None = None,
    c: float = 30.0,
) -> Floats:
    """Minimise sum of cross-entropy + ||W||^2 / (2C) over [W; W_dense; b] with L-BFGS (memory 10).

    `design` is the sparse block (rows, columns, values); `dense` (n x d), when given, the embeddings.
    """
    rows, cols, vals = design
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    d = 0 if dense is None else dense.shape[1]
    n_sparse = n_features * k

    def loss_grad(theta: Floats) -> tuple[float, Floats]:
        weights, bias = theta[:n_sparse].reshape(n_features, k), theta[-k:]
        z = (
            np.stack([np.bincount(rows, vals * weights[cols, j], minlength=n) for j in range(k)], axis=1)
            + bias
        )
        penalty = (weights**2).sum()
        if dense is not None:
            dense_weights = theta[n_sparse:-k].reshape(d, k)
            z += dense @ dense_weights
            penalty += (dense_weights**2).sum()
        z -= z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        delta = np.exp(log_p) - onehot
        grad_w = np.stack(
            [np.bincount(cols, vals * delta[rows, j], minlength=n_features) for j in range(k)], 1
        )
        grads = [(grad_w + weights / c).ravel()]
        if dense is not None:
            grads.append((dense.T @ delta + dense_weights / c).ravel())
        loss = -(onehot * log_p).sum() + penalty / (2 * c)
        return float(loss), np.concatenate([*grads, delta.sum(axis=0)])

    theta = np.zeros(n_sparse + d * k + k)
    loss, grad = loss_grad(theta)
    history: list[tuple[Floats, Floats, float]] = []
    for _ in range(1000):
        direction = -grad
        alphas = []
        for s, t, rho in reversed(history):
            alpha = rho * float(s @ direction)
            direction -= alpha * t
            alphas.append(alpha)
        if history:
            s, t, _ = history[-1]
            direction *= float(s @ t) / float(t @ t)
        for (s, t, rho), alpha in zip(history, reversed(alphas), strict=True):
            direction += s * (alpha - rho * float(t @ direction))
        step = 1.0
        while True:
            new_theta = theta + step * direction
            new_loss, new_grad = loss_grad(new_theta)
            if new_loss <= loss + 1e-4 * step * float(grad @ direction) or step < 1e-10:
                break
            step /= 2
        s, t = new_theta - theta, new_grad - grad
        if float(s @ t) > 1e-12:
            history = [*history[-9:], (s, t, 1.0 / float(s @ t))]
        theta, grad, improvement, loss = new_theta, new_grad, loss - new_loss, new_loss
        if improvement < 1e-7 * max(1.0, abs(loss)) or float(np.abs(grad).max()) < 1e-5:
            break
    return theta
